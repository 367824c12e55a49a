"""Loading the plan's data file into the page tree; the only app that knows every other one."""
