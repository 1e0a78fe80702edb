"""``python -m cityhub`` runs the same command line as the ``cityhub`` script."""

import sys

from cityhub.cli import main

sys.exit(main())
