"""The shell: the Qt application, the main window, start-up and its checks, notices, database
errors, the welcome.
"""
