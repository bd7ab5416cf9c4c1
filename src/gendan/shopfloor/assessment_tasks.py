"""Background work (Huey) of this part of the shop floor."""
