"""check-secret-rotation and `rotate`: the secrets inventory, its check, rotation."""
