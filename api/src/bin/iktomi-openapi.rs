//! `iktomi-openapi`: prints the API's OpenAPI 3.1 document, the same one `/openapi.json`
//! serves, so the web app's client can be generated and checked without a running server.
fn main() -> anyhow::Result<()> {
    let doc = iktomi_api::startup::api().1;
    println!("{}", doc.to_pretty_json()?);
    Ok(())
}
