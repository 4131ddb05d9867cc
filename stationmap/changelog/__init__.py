"""The public changelog: built from the audit trail, as HTML, as an Atom feed and as site pages."""
