import multiprocessing

# First: in the PyInstaller-built app a worker process (desktop.processes, the PDF export's workers) starts as
# this program, and freeze_support runs its job and exits there, before the app's own modules load.
multiprocessing.freeze_support()

from desktop.cli import main  # noqa: E402

if __name__ == "__main__":  # a worker process started by "spawn" imports this module too: it must not run the app
    raise SystemExit(main())
