"""The reference city hub (市级平台): the city side of the sync protocol (docs/sync-protocol.md).

It imports the wire schemas from ``desktop.sync.wire`` (a leaf module) and nothing else of the desktop app, so a
city server installs ``pip install .[hub]`` without Qt or any other GUI dependency.
"""

__version__ = "0.1.0"
