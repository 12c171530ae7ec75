//! In OpenAPI 3.1 (JSON Schema 2020-12) `format` only annotates: `""` is a valid `date` there.
//! The API parses dates, times and UUIDs, so each such string also gets the `pattern` that
//! asserts its shape, and a client or a fuzzer that validates by the document sends what the
//! API accepts.
use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, KnownFormat, SchemaFormat};
use utoipa::openapi::{OpenApi, RefOr, Schema};

const DATE: &str = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])$";
const DATE_TIME: &str = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$";
const UUID: &str = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// Adds the patterns to every schema in the document: components, parameters, bodies.
pub fn assert_formats(doc: &mut OpenApi) {
    if let Some(components) = doc.components.as_mut() {
        components.schemas.values_mut().for_each(walk);
    }
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            for parameter in op.parameters.iter_mut().flatten() {
                parameter.schema.iter_mut().for_each(walk);
            }
            if let Some(body) = op.request_body.as_mut() {
                for content in body.content.values_mut() {
                    content.schema.iter_mut().for_each(walk);
                }
            }
        }
    }
}

fn walk(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else {
        return;
    };
    match schema {
        Schema::Object(object) => {
            let pattern = match &object.format {
                // The days stop at 28 so that every generated date exists in every month.
                Some(SchemaFormat::KnownFormat(KnownFormat::Date)) => Some(DATE),
                Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)) => Some(DATE_TIME),
                Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)) => Some(UUID),
                _ => None,
            };
            if let (Some(pattern), None) = (pattern, &object.pattern) {
                object.pattern = Some(pattern.to_owned());
            }
            object.properties.values_mut().for_each(walk);
            if let Some(AdditionalProperties::RefOr(extra)) =
                object.additional_properties.as_deref_mut()
            {
                walk(extra);
            }
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                walk(items);
            }
        }
        Schema::OneOf(one) => one.items.iter_mut().for_each(walk),
        Schema::AllOf(all) => all.items.iter_mut().for_each(walk),
        Schema::AnyOf(any) => any.items.iter_mut().for_each(walk),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        regex::Regex::new(pattern).unwrap().is_match(text)
    }

    #[test]
    fn the_patterns_take_what_the_parsers_take_and_refuse_the_rest() {
        assert!(matches(DATE, "2026-12-02"));
        assert!(!matches(DATE, ""));
        assert!(!matches(DATE, "2026-13-01"));
        assert!(matches(DATE_TIME, "2026-12-02T04:20:00Z"));
        assert!(matches(DATE_TIME, "2026-12-02T04:20:00.123+03:00"));
        assert!(!matches(DATE_TIME, "2026-12-02"));
        assert!(matches(UUID, "01a234fa-03f7-71fb-b881-16e46a4b7368"));
        assert!(!matches(UUID, "01a234fa"));
        for (pattern, sample) in [
            (DATE, "2026-02-28"),
            (DATE_TIME, "2026-02-28T23:59:59.5-11:30"),
        ] {
            assert!(matches(pattern, sample));
        }
        assert!("2026-02-28".parse::<chrono::NaiveDate>().is_ok());
        assert!(chrono::DateTime::parse_from_rfc3339("2026-02-28T23:59:59.5-11:30").is_ok());
    }
}
