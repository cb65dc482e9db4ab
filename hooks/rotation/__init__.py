"""check-secret-rotation and `rotate`: inventory (the schema), check (the hook), rotate (the command)."""
