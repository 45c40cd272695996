"""The command line: ``python -m ankunft check|import|snapshots|demo|backup|purge``.

A thin layer over ``importing`` and ``storage``: ``args`` holds the command registry and shared
argument types, ``check_command`` and ``store_commands`` register the commands, ``main`` parses
the arguments and runs one.
"""
