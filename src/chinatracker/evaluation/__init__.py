"""Measuring extraction against hand-written gold annotations (`chinatracker eval`)."""
