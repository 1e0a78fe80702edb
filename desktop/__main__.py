import multiprocessing

# First: in the PyInstaller-built app a job's worker process (desktop.processes) starts as this program, and
# freeze_support runs its job and exits there, before the app's own modules load.
multiprocessing.freeze_support()

from desktop.cli import main  # noqa: E402

raise SystemExit(main())
