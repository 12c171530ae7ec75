//! One module per resource, each with its own `router()`, merged in `startup::app`.
pub mod artifacts;
pub mod auth;
pub mod certificates;
pub mod export;
pub mod migrations;
pub mod organizations;
pub mod pages;
pub mod profiles;
pub mod recommendations;
pub mod requests;
pub mod resumes;
pub mod tenure;
pub mod unsigned;
pub mod vacancies;
pub mod verification;
pub mod verify;
pub mod wallets;
