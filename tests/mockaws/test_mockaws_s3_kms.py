"""S3 notification, public access block (bucket and account) and KMS answers as AWS gives them;
CloudTrail's KmsKeyId checks."""

from __future__ import annotations

import json
from typing import Any

import boto3
from mockaws_builders import ACCOUNT, raises_code

BUCKET = "acme-cloudtrail-eu-west-1"
REGION = "eu-west-1"


def _bucket(session: boto3.Session, name: str = BUCKET, region: str = REGION) -> Any:
    s3 = session.client("s3", region_name=region)
    if region == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    return s3


def _topic(session: boto3.Session, name: str, region: str = REGION,
           statement: dict[str, Any] | None = None) -> str:
    sns = session.client("sns", region_name=region)
    arn: str = sns.create_topic(Name=name)["TopicArn"]
    if statement is not None:
        sns.set_topic_attributes(
            TopicArn=arn, AttributeName="Policy",
            AttributeValue=json.dumps({"Version": "2012-10-17",
                                       "Statement": [dict(statement, Resource=arn)]}))
    return arn


S3_PUBLISH = {
    "Effect": "Allow",
    "Principal": {"Service": "s3.amazonaws.com"},
    "Action": "SNS:Publish",
    "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:*:*:{BUCKET}"}},
}


def _topic_config(arn: str, **extra: Any) -> dict[str, Any]:
    return {"TopicConfigurations": [{"TopicArn": arn, "Events": ["s3:ObjectCreated:*"],
                                     **extra}]}


def _notifications(s3: Any, bucket: str = BUCKET) -> dict[str, Any]:
    answer = dict(s3.get_bucket_notification_configuration(Bucket=bucket))
    answer.pop("ResponseMetadata")
    return answer


def test_filter_rule_names_come_back_capitalised_whatever_was_put(
    session: boto3.Session,
) -> None:
    s3 = _bucket(session)
    topic = _topic(session, "sumo-cloudtrail", statement=S3_PUBLISH)
    rules = [{"Name": "prefix", "Value": "AWSLogs/"}, {"Name": "Suffix", "Value": ".json.gz"}]
    s3.put_bucket_notification_configuration(
        Bucket=BUCKET,
        NotificationConfiguration=_topic_config(topic, Filter={"Key": {"FilterRules": rules}}))
    (config,) = _notifications(s3)["TopicConfigurations"]
    assert config["TopicArn"] == topic
    assert config["Events"] == ["s3:ObjectCreated:*"]
    assert config["Filter"]["Key"]["FilterRules"] == [
        {"Name": "Prefix", "Value": "AWSLogs/"}, {"Name": "Suffix", "Value": ".json.gz"}]


def test_no_configuration_is_an_empty_answer_and_event_bridge_is_reported(
    session: boto3.Session,
) -> None:
    s3 = _bucket(session)
    assert _notifications(s3) == {}
    s3.put_bucket_notification_configuration(
        Bucket=BUCKET, NotificationConfiguration={"EventBridgeConfiguration": {}})
    assert _notifications(s3) == {"EventBridgeConfiguration": {}}


def test_topic_must_exist_be_in_the_buckets_region_and_let_s3_publish(
    session: boto3.Session,
) -> None:
    s3 = _bucket(session)
    good = _topic(session, "sumo-cloudtrail", statement=S3_PUBLISH)
    s3.put_bucket_notification_configuration(
        Bucket=BUCKET, NotificationConfiguration=_topic_config(good))
    before = _notifications(s3)

    elsewhere = _topic(session, "us-topic", region="us-east-1", statement=S3_PUBLISH)
    default_policy = _topic(session, "default-policy")
    missing = f"arn:aws:sns:{REGION}:{ACCOUNT}:never-created"
    for arn, why in ((elsewhere, "same Region"), (default_policy, "Permissions"),
                     (missing, "does not exist")):
        error = raises_code("InvalidArgument", s3.put_bucket_notification_configuration,
                            Bucket=BUCKET, NotificationConfiguration=_topic_config(arn))
        assert error.response["Error"]["Message"] == (
            "Unable to validate the following destination configurations")
        assert error.response["Error"]["ArgumentName"] == arn
        assert why in error.response["Error"]["ArgumentValue"]
        assert _notifications(s3) == before  # the previous configuration is kept


def test_public_access_block_and_location_are_motos_and_match_aws(
    session: boto3.Session,
) -> None:
    s3 = _bucket(session)
    _bucket(session, "acme-backup-us-east-1", "us-east-1")
    raises_code("NoSuchPublicAccessBlockConfiguration", s3.get_public_access_block,
                Bucket=BUCKET)
    block = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
             "RestrictPublicBuckets": True}
    s3.put_public_access_block(Bucket=BUCKET, PublicAccessBlockConfiguration=block)
    assert s3.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"] == block
    assert s3.get_bucket_location(Bucket=BUCKET)["LocationConstraint"] == REGION
    assert s3.get_bucket_location(Bucket="acme-backup-us-east-1")["LocationConstraint"] is None
    raises_code("NoSuchBucket", s3.get_bucket_location, Bucket="acme-never-created")


def test_get_public_access_block_honours_expected_bucket_owner(
    session: boto3.Session,
) -> None:
    s3 = _bucket(session)
    raises_code("NoSuchPublicAccessBlockConfiguration", s3.get_public_access_block,
                Bucket=BUCKET, ExpectedBucketOwner=ACCOUNT)
    block = {"BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": True,
             "RestrictPublicBuckets": False}
    s3.put_public_access_block(Bucket=BUCKET, PublicAccessBlockConfiguration=block)
    answer = s3.get_public_access_block(Bucket=BUCKET, ExpectedBucketOwner=ACCOUNT)
    assert answer["PublicAccessBlockConfiguration"] == block
    # S3 refuses a request whose expected owner is not the bucket's: 403 AccessDenied
    denied = raises_code("AccessDenied", s3.get_public_access_block, Bucket=BUCKET,
                         ExpectedBucketOwner="111122223333")
    assert denied.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    raises_code("NoSuchBucket", s3.get_public_access_block, Bucket="acme-never-created",
                ExpectedBucketOwner=ACCOUNT)


def test_account_public_access_block_is_motos_and_matches_aws(session: boto3.Session) -> None:
    control = session.client("s3control", region_name=REGION)
    raises_code("NoSuchPublicAccessBlockConfiguration", control.get_public_access_block,
                AccountId=ACCOUNT)
    block = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
             "RestrictPublicBuckets": False}
    control.put_public_access_block(AccountId=ACCOUNT, PublicAccessBlockConfiguration=block)
    # one setting for the whole account, whichever Region's endpoint is asked
    for region in (REGION, "us-east-1"):
        answer = session.client("s3control", region_name=region).get_public_access_block(
            AccountId=ACCOUNT)
        assert answer["PublicAccessBlockConfiguration"] == block
    raises_code("AccessDenied", control.get_public_access_block, AccountId="111122223333")
    control.delete_public_access_block(AccountId=ACCOUNT)
    raises_code("NoSuchPublicAccessBlockConfiguration", control.get_public_access_block,
                AccountId=ACCOUNT)


def _trail_key(session: boto3.Session, region: str = "us-east-1",
               allow_cloudtrail: bool = True) -> dict[str, Any]:
    statements: list[dict[str, Any]] = [{
        "Sid": "Enable IAM User Permissions", "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*",
        "Resource": "*"}]
    if allow_cloudtrail:
        statements.append({
            "Sid": "Allow CloudTrail to encrypt logs", "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "kms:GenerateDataKey*", "Resource": "*"})
    kms = session.client("kms", region_name=region)
    key: dict[str, Any] = kms.create_key(
        Description="CloudTrail log files",
        Policy=json.dumps({"Version": "2012-10-17", "Statement": statements}))["KeyMetadata"]
    return key


def test_key_metadata_and_policy_carry_awss_fields(session: boto3.Session) -> None:
    key = _trail_key(session)
    kms = session.client("kms", region_name="us-east-1")
    described = kms.describe_key(KeyId=key["Arn"])["KeyMetadata"]
    assert (described["KeyUsage"], described["MultiRegion"]) == ("ENCRYPT_DECRYPT", False)
    named = kms.get_key_policy(KeyId=key["Arn"], PolicyName="default")
    unnamed = kms.get_key_policy(KeyId=key["KeyId"])
    assert named["PolicyName"] == unnamed["PolicyName"] == "default"
    assert named["Policy"] == unnamed["Policy"]
    assert "cloudtrail.amazonaws.com" in json.loads(named["Policy"])["Statement"][1][
        "Principal"]["Service"]
    raises_code("NotFoundException", kms.get_key_policy, KeyId=key["KeyId"], PolicyName="other")


def test_trail_reports_its_keys_arn_whatever_form_was_given(session: boto3.Session) -> None:
    key = _trail_key(session)
    session.client("kms", region_name="us-east-1").create_alias(
        AliasName="alias/cloudtrail", TargetKeyId=key["KeyId"])
    _bucket(session, "acme-cloudtrail-us-east-1", "us-east-1")
    cloudtrail = session.client("cloudtrail", region_name="us-east-1")
    forms = (key["KeyId"], key["Arn"], "alias/cloudtrail",
             f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/cloudtrail")
    for i, form in enumerate(forms):
        created = cloudtrail.create_trail(Name=f"audit-{i}", S3BucketName=
                                          "acme-cloudtrail-us-east-1", KmsKeyId=form)
        assert created["KmsKeyId"] == key["Arn"]
    listed = cloudtrail.describe_trails()["trailList"]
    assert [t["KmsKeyId"] for t in listed] == [key["Arn"]] * len(forms)
    cloudtrail.update_trail(Name="audit-0", KmsKeyId="alias/cloudtrail")
    assert cloudtrail.get_trail(Name="audit-0")["Trail"]["KmsKeyId"] == key["Arn"]


def test_trail_key_must_exist_and_let_cloudtrail_encrypt(session: boto3.Session) -> None:
    _bucket(session, "acme-cloudtrail-us-east-1", "us-east-1")
    cloudtrail = session.client("cloudtrail", region_name="us-east-1")
    raises_code("KmsKeyNotFoundException", cloudtrail.create_trail, Name="audit",
                S3BucketName="acme-cloudtrail-us-east-1", KmsKeyId="alias/never-created")
    closed = _trail_key(session, allow_cloudtrail=False)
    raises_code("InsufficientEncryptionPolicyException", cloudtrail.create_trail,
                Name="audit", S3BucketName="acme-cloudtrail-us-east-1", KmsKeyId=closed["Arn"])
    assert cloudtrail.describe_trails()["trailList"] == []
    cloudtrail.create_trail(Name="audit", S3BucketName="acme-cloudtrail-us-east-1")
    raises_code("InsufficientEncryptionPolicyException", cloudtrail.update_trail,
                Name="audit", KmsKeyId=closed["Arn"])
    assert "KmsKeyId" not in cloudtrail.get_trail(Name="audit")["Trail"]
