"""Case service: inquiries with a number the customer can quote (K1, K2)."""
