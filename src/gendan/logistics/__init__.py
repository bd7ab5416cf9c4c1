"""The express follow-up desk (快递跟单, D3): tracking sheets, carriers, statuses."""
