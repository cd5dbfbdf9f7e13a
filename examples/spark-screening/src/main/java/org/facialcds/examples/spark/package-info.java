/** Population screening with facial-cds on Apache Spark: a job, its tables, and a per-JVM engine holder. */
package org.facialcds.examples.spark;
