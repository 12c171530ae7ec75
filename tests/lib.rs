//! Shared helpers of the cross-component tests live in `iktomi-devnet`.
