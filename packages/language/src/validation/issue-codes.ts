/**
 * Every diagnostic archgen reports has one of these stable codes. Tests, quick
 * fixes, `archgen explain`, SARIF and the JSON output key on the code, never on
 * the message text. A code, once published, keeps its meaning.
 */
export const IssueCodes = {
    // syntax
    SyntaxInvalidCharacter: 'syntax/invalid-character',
    SyntaxUnexpectedToken: 'syntax/unexpected-token',
    // names and references
    UnknownComponentKind: 'component/unknown-kind',
    UnknownConnectorKind: 'connector/unknown-kind',
    DuplicateComponent: 'component/duplicate-name',
    DuplicateEntity: 'entity/duplicate-name',
    DuplicateField: 'field/duplicate-name',
    UnresolvedComponent: 'reference/unknown-component',
    UnresolvedEntity: 'reference/unknown-entity',
    NameNotPortable: 'component/name-not-portable',
    NameCollision: 'component/name-collision',
    // component members
    PropertyNotApplicable: 'property/not-applicable',
    PropertyDuplicate: 'property/duplicate',
    InvalidReplicas: 'component/invalid-replicas',
    InvalidPort: 'exposure/invalid-port',
    PortConflict: 'exposure/port-conflict',
    PublicDatabase: 'exposure/public-database',
    PublicReplicated: 'exposure/public-replicated',
    BypassesGateway: 'exposure/bypasses-gateway',
    UnknownEngine: 'database/unknown-engine',
    SharedDatabase: 'database/shared',
    UnservedDatabase: 'database/not-served',
    // connectors
    IncompatibleKinds: 'connector/incompatible-kinds',
    SelfConnection: 'connector/self-loop',
    DuplicateConnector: 'connector/duplicate',
    SyncCycle: 'http/sync-cycle',
    Unconnected: 'component/unconnected',
    // load balancer
    NoTargets: 'load-balancer/no-targets',
    UnknownStrategy: 'load-balancer/unknown-strategy',
    InvalidHealth: 'load-balancer/invalid-health',
    // gateway
    ExposesNothing: 'gateway/exposes-nothing',
    RouteUnreachable: 'gateway/route-unreachable',
    DuplicateRoute: 'gateway/duplicate-route',
    InvalidPath: 'gateway/invalid-path',
    UnknownMethod: 'gateway/unknown-method',
    UnknownAuthScheme: 'gateway/unknown-auth-scheme',
    InvalidIssuer: 'gateway/invalid-issuer',
    UnknownRole: 'gateway/unknown-role',
    InvalidRateLimit: 'gateway/invalid-rate-limit',
    InvalidCorsOrigin: 'gateway/invalid-cors-origin',
    InvalidBodySize: 'gateway/invalid-body-size',
    InvalidDuration: 'value/invalid-duration',
    // entities and fields
    UnknownFieldType: 'field/unknown-type',
    InvalidTypeArguments: 'field/invalid-type-arguments',
    MultiplePrimaryKeys: 'entity/multiple-primary-keys',
    ReservedWord: 'field/reserved-word',
    DuplicateModifier: 'field/duplicate-modifier',
    ConflictingModifiers: 'field/conflicting-modifiers',
    InvalidDefault: 'field/invalid-default',
    InvalidBounds: 'field/invalid-bounds',
    ReferenceTypeMismatch: 'field/reference-type-mismatch',
    // messages
    MessageOutsideQueue: 'message/not-a-queue',
    UnknownBroker: 'message/unknown-broker',
    UnknownProtocol: 'message/unknown-protocol',
    UnknownDelivery: 'message/unknown-delivery',
    InvalidChannel: 'message/invalid-channel',
    InconsistentChannel: 'message/inconsistent-channel',
    UnknownTriggerOperation: 'message/unknown-trigger',
    TriggerEntityNotOwned: 'message/trigger-not-owned',
    ActionEntityNotOwned: 'action/entity-not-owned',
    ActionUnknownField: 'action/unknown-field',
    ActionUnknownChannel: 'action/unknown-channel',
    // call rules on http connectors and derived fields
    CallNotHttp: 'call/not-http',
    CallUnknownOperation: 'call/unknown-operation',
    CallEntityNotOwned: 'call/entity-not-owned',
    CallUnknownField: 'call/unknown-field',
    CallFieldNotNumeric: 'call/field-not-numeric',
    InvalidSum: 'field/invalid-sum',
    // imports
    ImportNotFound: 'import/not-found',
    ImportNotArch: 'import/not-arch-file',
    ImportSelf: 'import/self',
    ImportDuplicate: 'import/duplicate',
    // internal
    InternalError: 'internal/check-failed'
} as const;

export type IssueCode = (typeof IssueCodes)[keyof typeof IssueCodes];

export const ALL_ISSUE_CODES: readonly IssueCode[] = Object.values(IssueCodes);

/**
 * What a diagnostic carries for quick fixes and machine output: its code and,
 * where one exists, the replacement text the fix would insert.
 */
export interface ArchDiagnosticData {
    readonly code: IssueCode;
    readonly suggestion?: string;
}
