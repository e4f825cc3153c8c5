"""The live workshop's pure core: join codes, phases, the group's aggregates with
their anonymity rules, and the group's answers for the scoring engine.

No Streamlit, no database: storage keeps the state, services run the use cases,
and both call these functions so every screen follows the same rules.
"""
