"""InnoCigs dropship orders, standard orders, tracking and delivery notes."""

from .adapter import InnocigsDropshipAdapter

__all__ = ["InnocigsDropshipAdapter"]
