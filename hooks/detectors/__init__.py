"""The project's detect-secrets plugins, registered with detect-secrets while a
hooks.scan.scanner.Scanner is active.

They are recorded in a baseline by class name only (never by a `file://` path), so a baseline
is portable and loading one never imports code from a path written in it.
"""
from __future__ import annotations

from hooks.detectors.b2b_key import B2BKeyDetector
from hooks.detectors.credentials import CredentialApiDetector
from hooks.detectors.credentials import CredentialFileDetector
from hooks.detectors.credentials import CredentialSlotDetector
from hooks.detectors.credentials import HttpCredentialDetector
from hooks.detectors.credentials import PgpassDetector
from hooks.detectors.credentials import PrefixedTokenDetector
from hooks.detectors.credentials import SecretAssignmentDetector
from hooks.detectors.credentials import VendorTokenDetector
from hooks.detectors.db_url import DatabaseUrlDetector
from hooks.detectors.github import GitHubTokenDetector
from hooks.detectors.jwt import JwtDetector
from hooks.detectors.jwt import SigningKeyDetector
from hooks.detectors.keyword import KeywordDetector

PLUGINS = (
    JwtDetector, SigningKeyDetector, DatabaseUrlDetector, B2BKeyDetector, SecretAssignmentDetector,
    HttpCredentialDetector, CredentialFileDetector, PgpassDetector, CredentialApiDetector, VendorTokenDetector,
    CredentialSlotDetector, PrefixedTokenDetector,
)
SECRET_TYPES = frozenset(p.secret_type for p in PLUGINS)
# Our plugins that report whatever a credential slot holds (less specific than a known format).
SLOT_TYPES = frozenset(p.secret_type for p in (
    SecretAssignmentDetector, HttpCredentialDetector, CredentialFileDetector, PgpassDetector, CredentialApiDetector,
))
# Our plugins that only add what no other plugin reports: ranked last where findings overlap, so
# a value another plugin reports keeps that finding's type (and baseline entry).
LAST_RESORT_TYPES = frozenset(p.secret_type for p in (CredentialSlotDetector, PrefixedTokenDetector))
# Stock plugins replaced by a fixed class of the same name and type (see each module).
STOCK_FIXES = (GitHubTokenDetector, KeywordDetector)

