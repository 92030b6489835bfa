/** The capacity service of D2A Flow. */
package org.d2aflow.capacity;
