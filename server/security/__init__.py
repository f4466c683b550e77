"""Protections that hold on every path: hostile input, sign-in throttling, shared rate limits,
production configuration, security headers and the cost of a query."""
