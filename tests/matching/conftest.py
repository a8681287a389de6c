import sys
from pathlib import Path

# seed_corpus.py is a helper module beside the tests, not a package.
sys.path.insert(0, str(Path(__file__).resolve().parent))
