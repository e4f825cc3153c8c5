"""`python -m scoring FILE.json` (as the README documents); the command line is cli.score."""
import sys

from cli.score import main

if __name__ == "__main__":
    sys.exit(main())
