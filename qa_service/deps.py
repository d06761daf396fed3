"""FastAPI dependencies as Annotated aliases.

They are ``async def`` on purpose: FastAPI runs a plain ``def`` dependency in its thread pool, and
each hop cost a cached search a context switch for what is an attribute read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from qa_service.engine import Engine
from qa_service.settings import Settings


async def get_engine(request: Request) -> Engine:
    return request.app.state.engine  # type: ignore[no-any-return]


async def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
