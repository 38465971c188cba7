"""What supervisors decide and sign off: exceptions, rejected events, counts, approvals."""
