//! The closed vocabularies of the model: element kinds with AWS awareness,
//! boundary kinds, classifications, and the security properties of a flow.
//!
//! They are closed enums rather than free strings so that a typo in a model
//! (`dynamo` for `dynamodb`) is an error at its line and column, and so that
//! rules in `content/threat-model/` can only name kinds that exist (a test
//! checks every rule against these lists).

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! vocab {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal $(| $alias:literal)*,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $text $(, alias = $alias)*)] $variant,)+
        }
        impl $name {
            /// Every accepted value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// The canonical spelling used in models and rules.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
            /// The canonical spellings joined for error messages.
            pub fn expected() -> String {
                [$($text,)+].join(", ")
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

vocab! {
    /// An external entity: someone or something outside the system's control.
    ActorKind {
        User = "user" | "customer",
        Admin = "admin" | "operator",
        Employee = "employee",
        Developer = "developer",
        Partner = "partner",
        ExternalService = "external-service" | "third-party",
        Device = "device" | "iot-device",
        Browser = "browser",
        MobileApp = "mobile-app",
        Attacker = "attacker",
    }
}

vocab! {
    /// A process: something that runs code or routes requests.
    ServiceKind {
        ApiGateway = "api-gateway",
        Lambda = "lambda",
        Ecs = "ecs" | "fargate",
        Eks = "eks" | "kubernetes",
        Ec2 = "ec2",
        CloudFront = "cloudfront",
        Alb = "alb",
        Nlb = "nlb",
        AppSync = "appsync",
        StepFunctions = "step-functions",
        Cognito = "cognito",
        IotCore = "iot-core",
        CodeBuild = "codebuild",
        CodePipeline = "codepipeline",
        Glue = "glue",
        Emr = "emr",
        SageMaker = "sagemaker",
        KinesisFirehose = "kinesis-firehose" | "firehose",
        EventBridge = "eventbridge",
        Transfer = "transfer-family",
        /// A process outside AWS or not listed: judged by its flows only.
        Generic = "generic" | "service",
    }
}

vocab! {
    /// Somewhere data rests.
    StoreKind {
        DynamoDb = "dynamodb",
        S3 = "s3",
        Rds = "rds",
        Aurora = "aurora",
        ElastiCache = "elasticache",
        Sqs = "sqs",
        Sns = "sns",
        Kinesis = "kinesis",
        Msk = "msk" | "kafka",
        OpenSearch = "opensearch" | "elasticsearch",
        Efs = "efs",
        Ebs = "ebs",
        Redshift = "redshift",
        SecretsManager = "secrets-manager",
        ParameterStore = "parameter-store" | "ssm-parameter-store",
        Ecr = "ecr",
        CodeArtifact = "codeartifact",
        CloudWatchLogs = "cloudwatch-logs",
        Glacier = "glacier" | "s3-glacier",
        DocumentDb = "documentdb",
        Timestream = "timestream",
        /// A store outside AWS or not listed.
        Generic = "generic" | "database",
    }
}

vocab! {
    /// What a trust boundary separates.
    BoundaryKind {
        Internet = "internet",
        Vpc = "vpc",
        Subnet = "subnet",
        Account = "account",
        Partner = "partner",
        Device = "device",
        /// The corporate network or a developer workstation.
        Corporate = "corporate",
    }
}

vocab! {
    /// How sensitive a data asset is, from least to most.
    Classification {
        Public = "public",
        Internal = "internal",
        Confidential = "confidential",
        Restricted = "restricted",
    }
}

vocab! {
    /// Extra labels on a data asset that change the impact (PCI DSS scope,
    /// GDPR personal data, credentials...).
    DataTag {
        Pci = "pci",
        Pii = "pii",
        Phi = "phi",
        Credentials = "credentials",
        Financial = "financial",
        SourceCode = "source-code",
        Telemetry = "telemetry",
        Logs = "logs",
    }
}

vocab! {
    /// How the receiver of a flow knows who sent it.
    Authentication {
        None = "none",
        ApiKey = "api-key",
        SigV4 = "sigv4" | "iam",
        OidcJwt = "oidc-jwt" | "jwt" | "oidc",
        Mtls = "mtls",
        Session = "session-cookie" | "session",
        Password = "password" | "basic",
    }
}

vocab! {
    /// How the receiver decides the sender may do what it asks.
    Authorization {
        None = "none",
        IamPolicy = "iam-policy" | "iam",
        Scopes = "scopes" | "oauth-scopes",
        Rbac = "rbac",
        Abac = "abac",
        /// Checks the caller owns the specific object (the BOLA/IDOR defence).
        ObjectLevel = "object-level",
        ResourcePolicy = "resource-policy",
    }
}

vocab! {
    /// Encryption in transit.
    Encryption {
        None = "none" | "plaintext",
        Tls10 = "tls1.0" | "tls1.1" | "ssl",
        Tls12 = "tls1.2" | "tls",
        Tls13 = "tls1.3",
    }
}

vocab! {
    /// Encryption at rest of a data store.
    AtRest {
        None = "none",
        AwsOwned = "aws-owned",
        AwsManaged = "aws-managed" | "sse-s3",
        KmsCmk = "kms-cmk" | "cmk",
    }
}

vocab! {
    /// Where a flow's requests are recorded.
    LogSource {
        CloudTrail = "cloudtrail",
        CloudTrailData = "cloudtrail-data-events",
        AccessLogs = "access-logs",
        AppLogs = "app-logs",
        VpcFlowLogs = "vpc-flow-logs",
        WafLogs = "waf-logs",
    }
}

vocab! {
    /// Which identity the receiver of a flow learns.
    Identity {
        /// Nobody: the call is anonymous.
        None = "none",
        /// Only the calling workload (a role, a certificate).
        Service = "service",
        /// The end user on whose behalf the call is made, e.g. a JWT passed on.
        EndUser = "end-user" | "user",
    }
}

vocab! {
    /// How much an execution role may do.
    Privileges {
        Least = "least" | "least-privilege",
        Broad = "broad",
        Admin = "admin",
    }
}

vocab! {
    /// Wire protocol of a flow.
    Protocol {
        Https = "https",
        Http = "http",
        Grpc = "grpc",
        WebSocket = "websocket" | "wss",
        Mqtt = "mqtt",
        Amqp = "amqp",
        Sql = "sql" | "postgres" | "mysql",
        Redis = "redis",
        Kafka = "kafka",
        Ssh = "ssh",
        Sftp = "sftp",
        Smtp = "smtp",
        AwsApi = "aws-api",
        Tcp = "tcp",
    }
}

/// Which of the four element families something belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ElementType {
    Actor,
    Service,
    Store,
    Flow,
}

impl ElementType {
    pub fn as_str(self) -> &'static str {
        match self {
            ElementType::Actor => "actor",
            ElementType::Service => "service",
            ElementType::Store => "store",
            ElementType::Flow => "flow",
        }
    }
}
