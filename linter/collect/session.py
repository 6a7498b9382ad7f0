"""Credentials and the caller's identity.

- The standard credential chain (environment, ``AWS_PROFILE``, SSO, container and instance
  roles), or ``--profile``.
- ``--role-arn`` [``--external-id``]: STS AssumeRole from those credentials, refreshed
  automatically before they expire (a long scan outlives a one-hour session).
- ``AWS_ENDPOINT_URL`` (e.g. a moto server) is honoured by boto3 itself; every client is still
  created with an explicit Region, so the endpoint gets the Region it is asked about.
- :func:`caller_identity` asks STS GetCallerIdentity for the account, partition and principal.

Anything that stops collection before it starts becomes a one-line :class:`CollectorError`
with a tip (exit code 2), never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
import botocore.session
from botocore.credentials import (
    AssumeRoleCredentialFetcher,
    CredentialProvider,
    RefreshableCredentials,
)
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
    SSOError,
    TokenRetrievalError,
)

from linter.collect.calls import client_config, failure
from linter.errors import CollectorError

ROLE_SESSION_NAME = "cognito-lint"
DEFAULT_REGION = "us-east-1"

_REJECTED = {
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "UnrecognizedClientException",
    "AuthFailure",
    "RequestExpired",
}

CREDENTIALS_TIP = (
    "set AWS_PROFILE or pass --profile (run `aws sso login` first for an SSO profile), "
    "or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
)


@dataclass(frozen=True)
class CallerIdentity:
    account_id: str
    partition: str
    principal_arn: str


class _AssumedRoleProvider(CredentialProvider):
    METHOD = "cognito-lint-assume-role"
    CANONICAL_NAME = "cognito-lint-assume-role"

    def __init__(self, credentials: RefreshableCredentials) -> None:
        self._credentials = credentials

    def load(self) -> RefreshableCredentials:
        return self._credentials


def open_session(
    profile: str | None = None,
    role_arn: str | None = None,
    external_id: str | None = None,
    *,
    region: str | None = None,
) -> boto3.Session:
    """A boto3 session for collection. Raises :class:`CollectorError` when the profile does not
    exist or the role cannot be assumed."""
    try:
        base = boto3.Session(profile_name=profile, region_name=region)
    except ProfileNotFound:
        raise CollectorError(
            f"AWS profile {profile!r} not found",
            tip="check ~/.aws/config (or AWS_CONFIG_FILE) and --profile",
        ) from None
    if not role_arn:
        if external_id:
            raise CollectorError("--external-id needs --role-arn")
        return base
    return _assume_role(base, role_arn, external_id, region)


def _assume_role(
    base: boto3.Session, role_arn: str, external_id: str | None, region: str | None
) -> boto3.Session:
    source = base.get_credentials()
    if source is None:
        raise CollectorError(
            f"cannot assume role {role_arn}: no source credentials", tip=CREDENTIALS_TIP
        )
    sts_region = region or base.region_name or DEFAULT_REGION
    extra: dict[str, Any] = {"RoleSessionName": ROLE_SESSION_NAME}
    if external_id:
        extra["ExternalId"] = external_id

    def client_creator(service: str, **kwargs: Any) -> Any:
        kwargs.setdefault("region_name", sts_region)
        kwargs.setdefault("config", client_config(sts_region))
        return base.client(service, **kwargs)  # type: ignore[call-overload]

    fetcher = AssumeRoleCredentialFetcher(client_creator, source, role_arn, extra_args=extra)
    try:
        metadata = fetcher.fetch_credentials()
    except ClientError as e:
        code, message = failure(e)
        raise CollectorError(
            f"cannot assume role {role_arn}: {code}: {message}",
            tip="check that the role trusts your principal (and the --external-id it expects)",
        ) from None
    except (BotoCoreError, NoCredentialsError) as e:
        raise _credential_error(e) from None
    credentials = RefreshableCredentials.create_from_metadata(
        metadata, refresh_using=fetcher.fetch_credentials, method=_AssumedRoleProvider.METHOD
    )
    core = botocore.session.Session()
    core.get_component("credential_provider").insert_before(
        "env", _AssumedRoleProvider(credentials)
    )
    return boto3.Session(botocore_session=core, region_name=region or base.region_name)


def caller_identity(session: boto3.Session, region: str | None = None) -> CallerIdentity:
    """STS GetCallerIdentity: who we are. Raises :class:`CollectorError` on bad credentials."""
    sts_region = region or session.region_name or DEFAULT_REGION
    try:
        client = session.client("sts", region_name=sts_region, config=client_config(sts_region))
        response = client.get_caller_identity()
    except ClientError as e:
        code, message = failure(e)
        if code in _REJECTED:
            raise CollectorError(
                f"AWS credentials were rejected by STS ({code}): {message}", tip=CREDENTIALS_TIP
            ) from None
        raise CollectorError(
            f"sts:GetCallerIdentity failed: {code}: {message}", tip=CREDENTIALS_TIP
        ) from None
    except (BotoCoreError, NoCredentialsError) as e:
        raise _credential_error(e) from None
    arn = response["Arn"]
    parts = arn.split(":")
    return CallerIdentity(
        account_id=response["Account"],
        partition=parts[1] if len(parts) > 1 and parts[1] else "aws",
        principal_arn=arn,
    )


def _credential_error(e: BaseException) -> CollectorError:
    if isinstance(e, NoCredentialsError | PartialCredentialsError):
        return CollectorError("no usable AWS credentials found", tip=CREDENTIALS_TIP)
    if isinstance(e, SSOError | TokenRetrievalError):
        return CollectorError(
            f"AWS SSO credentials are missing or expired: {e}",
            tip="run `aws sso login` (with --profile if you use one)",
        )
    if isinstance(e, EndpointConnectionError):
        return CollectorError(
            f"cannot reach AWS STS: {e}",
            tip="check the network and proxy settings, or AWS_ENDPOINT_URL",
        )
    if isinstance(e, NoRegionError):
        return CollectorError("no AWS Region configured", tip="pass --regions or set AWS_REGION")
    return CollectorError(f"cannot get AWS credentials: {e}", tip=CREDENTIALS_TIP)
