"""Analyses that run models many times: simulate (Monte Carlo), compare (counterfactuals), sensitivity."""
