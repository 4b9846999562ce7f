"""The command line front end over meshdesk.core and meshdesk.io."""
