# Pinned tool versions shared by every script.
CONTRACT_RUST=1.86
CARGO_CONTRACT_VERSION=5.0.3
CONTRACTS_NODE_VERSION=0.42.0
SQLX_CLI_VERSION=0.9.0
CARGO_DENY_VERSION=0.20.2
# The web app's toolchain (Vite 8) needs Node.js 20.19 or newer.
NODE_MAJOR=20
NODE_MINOR=19
