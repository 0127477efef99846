//! Creating the table, its indexes and its TTL (tests and local tries; production's
//! table is the SAM template's).

// The parts of one store, split by concern: each sees the others as the one file did.
use super::errors::*;
use super::*;

impl DynamoStore {
    /// Create the table with its indexes and TTL, and wait until it is active. For tests
    /// and local setup: production creates the same table from the SAM template.
    /// Creating a table that already exists is not an error.
    pub async fn create_table(&self) -> Result<(), StoreError> {
        let key_element = |name: &str, kind: KeyType| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(kind)
                .build()
                .map_err(build_error)
        };
        let string_attr = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .map_err(build_error)
        };
        let queue = GlobalSecondaryIndex::builder()
            .index_name(QUEUE_INDEX)
            .key_schema(key_element(GSI1PK, KeyType::Hash)?)
            .key_schema(key_element(GSI1SK, KeyType::Range)?)
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::Include)
                    .non_key_attributes(SUMMARY)
                    .non_key_attributes(FORM)
                    .build(),
            )
            .build()
            .map_err(build_error)?;
        let time = GlobalSecondaryIndex::builder()
            .index_name(TIME_INDEX)
            .key_schema(key_element(GSI2PK, KeyType::Hash)?)
            .key_schema(key_element(GSI2SK, KeyType::Range)?)
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::KeysOnly)
                    .build(),
            )
            .build()
            .map_err(build_error)?;
        let created = self
            .client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .key_schema(key_element(PK, KeyType::Hash)?)
            .attribute_definitions(string_attr(PK)?)
            .attribute_definitions(string_attr(GSI1PK)?)
            .attribute_definitions(string_attr(GSI1SK)?)
            .attribute_definitions(string_attr(GSI2PK)?)
            .attribute_definitions(string_attr(GSI2SK)?)
            .global_secondary_indexes(queue)
            .global_secondary_indexes(time)
            .send()
            .await;
        if let Err(e) = created {
            let exists = e
                .as_service_error()
                .is_some_and(|se| se.is_resource_in_use_exception());
            if !exists {
                return Err(sdk_error("CreateTable", e));
            }
        }

        // Wait for the table and its indexes (bounded: two minutes).
        let mut active = false;
        for _ in 0..600 {
            let out = self
                .client
                .describe_table()
                .table_name(&self.table)
                .send()
                .await
                .map_err(|e| sdk_error("DescribeTable", e))?;
            if let Some(t) = out.table() {
                let indexes_active = t
                    .global_secondary_indexes()
                    .iter()
                    .all(|i| i.index_status().is_none_or(|s| *s == IndexStatus::Active));
                if t.table_status() == Some(&TableStatus::Active) && indexes_active {
                    active = true;
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        if !active {
            return Err(StoreError::Unavailable(format!(
                "table {} did not become active",
                self.table
            )));
        }

        let ttl = self
            .client
            .describe_time_to_live()
            .table_name(&self.table)
            .send()
            .await
            .map_err(|e| sdk_error("DescribeTimeToLive", e))?;
        let enabled = ttl
            .time_to_live_description()
            .and_then(|d| d.time_to_live_status())
            .is_some_and(|s| matches!(s, TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling));
        if !enabled {
            self.client
                .update_time_to_live()
                .table_name(&self.table)
                .time_to_live_specification(
                    TimeToLiveSpecification::builder()
                        .enabled(true)
                        .attribute_name(TTL)
                        .build()
                        .map_err(build_error)?,
                )
                .send()
                .await
                .map_err(|e| sdk_error("UpdateTimeToLive", e))?;
        }
        Ok(())
    }
}
