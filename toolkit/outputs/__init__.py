"""What is written for people from a session: the report and the paper materials."""
