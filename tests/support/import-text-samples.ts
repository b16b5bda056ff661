/**
 * Texts a person pastes into "Import text", one per format, shared by the import's unit test and its e2e
 * journey. Each holds one rule the model takes and one it cannot hold (kept as a raw rule).
 */
export const RSC_SAMPLE = `/ip firewall filter
add chain=input action=accept protocol=tcp dst-port=22 comment="ssh from anywhere"
add chain=input action=drop in-interface-list=WAN comment="wan drop"
`;

export const UCI_SAMPLE = `package firewall

config rule 'web'
\toption name 'web in'
\toption src 'wan'
\toption proto 'tcp'
\toption dest_port '443'
\toption target 'ACCEPT'

config redirect
\toption name 'fwd'
\toption src 'wan'
\toption target 'DNAT'
`;
