"Keep README.md in step with nbs/index.ipynb where quarto (and so `nbdev-readme`) is not available: `python .ci/readme.py [--check]`."
import json, sys
from pathlib import Path
root = Path(__file__).resolve().parent.parent
cells = json.loads((root/'nbs'/'index.ipynb').read_text())['cells']
text = '\n\n'.join(''.join(c['source']).strip() for c in cells if c['cell_type'] == 'markdown') + '\n'
readme = root/'README.md'
if '--check' in sys.argv:
    if readme.read_text() != text: sys.exit('README.md differs from nbs/index.ipynb: run python .ci/readme.py')
else: readme.write_text(text)
