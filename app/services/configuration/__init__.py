"""Her settings: typed defaults, their checks, and the first run's welcome."""
