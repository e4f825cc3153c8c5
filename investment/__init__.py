"""The investment estimate: hours and costs of a planned network (pure Python)."""

from investment.estimate import Estimate, RoleCost, estimate

__all__ = ["Estimate", "RoleCost", "estimate"]
