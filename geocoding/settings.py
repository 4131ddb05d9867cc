"""Geocoding settings, read from environment variables in exactly one place (:func:`load_settings`).

Everything else receives a :class:`GeocodingSettings` (or plain arguments), so tests and callers never
need to touch ``os.environ``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from geocoding.base import GeocodingError

DEFAULT_USER_AGENT = "stationmap-geocoding/1.0 (set STATIONMAP_NOMINATIM_USER_AGENT to identify yourself)"


class SettingsError(GeocodingError, ValueError):
    """An environment variable has an unusable value (also a ``ValueError``, as before)."""


@dataclass(frozen=True)
class GeocodingSettings:
    """Where the cache lives and how to reach Nominatim (used only when online geocoding is enabled)."""

    cache_dir: Path = Path(".cache")
    nominatim_user_agent: str = DEFAULT_USER_AGENT
    nominatim_domain: str = "nominatim.openstreetmap.org"
    nominatim_scheme: str = "https"
    nominatim_timeout: float = 10.0
    #: Nominatim's usage policy allows at most one request per second.
    nominatim_min_delay_seconds: float = 1.0
    nominatim_max_retries: int = 0


def load_settings(environ: Mapping[str, str] | None = None) -> GeocodingSettings:
    """Build settings from ``environ`` (default ``os.environ``); empty variables mean "use the default".

    Variables: ``STATIONMAP_CACHE_DIR``, ``STATIONMAP_NOMINATIM_USER_AGENT``,
    ``STATIONMAP_NOMINATIM_DOMAIN``, ``STATIONMAP_NOMINATIM_SCHEME`` (``https`` or ``http``),
    ``STATIONMAP_NOMINATIM_TIMEOUT`` (seconds). The minimum delay between requests cannot go below one
    second through the environment, to respect the public server's usage policy.
    """
    env = {k: v.strip() for k, v in (os.environ if environ is None else environ).items() if v and v.strip()}
    base = GeocodingSettings()
    scheme = env.get("STATIONMAP_NOMINATIM_SCHEME", base.nominatim_scheme).lower()
    if scheme not in ("http", "https"):
        raise SettingsError(f"STATIONMAP_NOMINATIM_SCHEME must be http or https, not {scheme!r}")
    try:
        timeout = float(env.get("STATIONMAP_NOMINATIM_TIMEOUT", base.nominatim_timeout))
    except ValueError as exc:
        raise SettingsError("STATIONMAP_NOMINATIM_TIMEOUT must be a number of seconds") from exc
    return GeocodingSettings(
        cache_dir=Path(env.get("STATIONMAP_CACHE_DIR", str(base.cache_dir))).expanduser(),
        nominatim_user_agent=env.get("STATIONMAP_NOMINATIM_USER_AGENT", base.nominatim_user_agent),
        nominatim_domain=env.get("STATIONMAP_NOMINATIM_DOMAIN", base.nominatim_domain),
        nominatim_scheme=scheme,
        nominatim_timeout=timeout,
    )
