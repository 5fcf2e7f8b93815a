"""Expert review: reviewer profiles and conflicts of interest, assignment, blind scoring."""
