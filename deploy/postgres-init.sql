-- One database per service: no service can read another's tables.
CREATE DATABASE crm_customer;
CREATE DATABASE crm_order;
CREATE DATABASE crm_case;
CREATE DATABASE crm_messaging;
CREATE DATABASE crm_telephony;
CREATE DATABASE crm_gateway;
