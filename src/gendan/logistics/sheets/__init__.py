"""Reading the daily express tracking sheets as they really come (D3-1)."""
