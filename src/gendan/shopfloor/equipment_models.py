"""Models of the shop floor's cranes, carts, wire ropes, containers and their inspections (D1-1.6, D1-4.7, D1-4.8)."""
