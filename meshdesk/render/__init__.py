"""Renderers of the decision report (meshdesk.report): each lays out what the report says in
one format and decides nothing. No Qt; a renderer returns text or bytes and its caller (the
command line, the window) writes them."""
