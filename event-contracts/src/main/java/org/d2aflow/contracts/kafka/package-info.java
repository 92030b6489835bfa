/**
 * Kafka binding of the event log in CloudEvents binary mode: attributes in {@code ce_*} headers, the event's
 * JSON body as the record value.
 */
package org.d2aflow.contracts.kafka;
