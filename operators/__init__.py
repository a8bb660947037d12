"""Loom's operator SDK and built-in operator library (no Django, DRF or Celery here)."""

from operators.base import Operator, OperatorParamsError
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param, ParamError
from operators.ports import PortSpec
from operators.registry import (
    ENTRY_POINT_GROUP,
    Registry,
    UnknownOperatorError,
    default_registry,
    register,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "Context",
    "Dataset",
    "Operator",
    "OperatorParamsError",
    "Param",
    "ParamError",
    "PortSpec",
    "Registry",
    "UnknownOperatorError",
    "default_registry",
    "register",
]
