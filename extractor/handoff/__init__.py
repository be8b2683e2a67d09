"""The handoff itself: review, sign-off, completeness gate, forecast, plan, portfolio.

Submodules are imported by name (``extractor.handoff.check`` ...); nothing is
loaded here so importing the package stays free.
"""
