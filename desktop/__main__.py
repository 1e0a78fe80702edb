import multiprocessing

from desktop.cli import main

if __name__ == "__main__":  # a worker process started by "spawn" imports this module too: it must not run the app
    multiprocessing.freeze_support()  # a frozen (PyInstaller) build's worker processes start here
    raise SystemExit(main())
