"""cognito-lint: prove that Amazon Cognito is observed, offline and repeatably."""

__version__ = "0.1.0"
