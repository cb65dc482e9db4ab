"""scan-secrets and scan-secrets-push: the file scan, its engine, and history mode."""
