"""The rules and the questions asked of the data: status, vocabulary, excerpts, the audit chain, filters, views."""
